//! hidden-random: count words with Rust's standard library, and meet a
//! capability you never asked for.
//!
//! `std::collections::HashMap` protects itself against hash-flooding attacks by
//! seeding its hasher with random keys. On WASI those keys come from the host:
//! the first `HashMap::new()` calls `wasi:random/random` `get-random-bytes`.
//! With randomness denied, that call traps, although this code never mentions
//! randomness. Pass `--btree` to use a `BTreeMap`, which needs no randomness.
use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Write};

fn main() {
    let btree = std::env::args().skip(1).any(|a| a == "--btree");
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).expect("read stdin");

    let mut counts: Vec<(&str, usize)> = if btree {
        println!("Counting words with std::collections::BTreeMap...");
        let mut map = BTreeMap::new();
        for word in text.split_whitespace() {
            *map.entry(word).or_insert(0) += 1;
        }
        map.into_iter().collect()
    } else {
        println!("Counting words with std::collections::HashMap...");
        std::io::stdout().flush().ok(); // a trap loses buffered output: flush first
        let mut map = HashMap::new(); // <- asks the host for random bytes
        for word in text.split_whitespace() {
            *map.entry(word).or_insert(0) += 1;
        }
        map.into_iter().collect()
    };

    // Sort by count, then alphabetically: the same output whatever the map's order.
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    println!("{} distinct words. Most frequent:", counts.len());
    for (word, n) in counts.iter().take(5) {
        println!("  {:>3}  {}", n, word);
    }
}
