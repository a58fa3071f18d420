/**
 * Test support: builds a maximally compressed raw DEFLATE stream by hand (one dynamic-Huffman
 * block whose only length code is 258 and whose only distance is 1, each with a 1-bit code), so
 * every 2 bits of input expand to 258 zero bytes: about 1032:1, DEFLATE's ceiling. Used to prove
 * that the link decoder stops a bomb early; not part of the app.
 */

class BitWriter {
  readonly bytes: Uint8Array;
  private pos = 0;
  constructor(capacityBits: number) {
    this.bytes = new Uint8Array(Math.ceil(capacityBits / 8) + 1);
  }
  /** `count` bits of `value`, least significant first (header fields). */
  bits(value: number, count: number): void {
    for (let i = 0; i < count; i++) {
      if ((value >> i) & 1) this.bytes[this.pos >> 3]! |= 1 << (this.pos & 7);
      this.pos++;
    }
  }
  /** A Huffman code, most significant bit first. */
  code(code: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) this.bits((code >> i) & 1, 1);
  }
  /** `count` zero bits (the buffer is zero-filled). */
  zeros(count: number): void {
    this.pos += count;
  }
  finish(): Uint8Array {
    return this.bytes.subarray(0, Math.ceil(this.pos / 8));
  }
}

/** A raw DEFLATE stream that inflates to `1 + 258 * matches` zero bytes. */
export function deflateBomb(matches: number): Uint8Array {
  const w = new BitWriter(200 + 2 * matches);
  w.bits(1, 1); // BFINAL
  w.bits(2, 2); // BTYPE = dynamic Huffman
  w.bits(286 - 257, 5); // HLIT: literal/length codes 0..285
  w.bits(1 - 1, 5); // HDIST: one distance code
  w.bits(18 - 4, 4); // HCLEN: 18 code-length code lengths follow
  // Code-length alphabet: 18 (run of zeros) → "0", 1 → "10", 2 → "11".
  const clLengths: Record<number, number> = { 18: 1, 1: 2, 2: 2 };
  const order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1];
  for (const sym of order) w.bits(clLengths[sym] ?? 0, 3);
  const cl = (sym: 1 | 2 | 18) => (sym === 18 ? w.code(0, 1) : w.code(sym === 1 ? 2 : 3, 2));
  const zeros = (n: number) => {
    cl(18);
    w.bits(n - 11, 7);
  };
  // Literal/length code lengths: 0 → 2, 1..255 → 0, 256 → 2, 257..284 → 0, 285 → 1.
  cl(2);
  zeros(138);
  zeros(117);
  cl(2);
  zeros(28);
  cl(1);
  // Distance code lengths: code 0 → 1.
  cl(1);
  // Canonical codes: 285 → "0", literal 0 → "10", end of block (256) → "11"; distance 0 → "0".
  w.code(2, 2); // one literal zero byte
  w.zeros(2 * matches); // each match: length code 285 ("0") + distance code 0 ("0")
  w.code(3, 2); // end of block
  return w.finish();
}
