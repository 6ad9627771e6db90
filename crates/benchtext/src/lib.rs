//! Realistic idea text for Sprout's benchmarks, so their figures describe a real hub: titles
//! of 4–12 words and problems of 30–150 words, drawn Zipf-like from 30 000 English words
//! (the system's word list, `/usr/share/dict/words`, from Debian's `wamerican`), mixed with
//! the little words every sentence has. Seeded: the same seed writes the same hub, so runs
//! compare.
//!
//! It also writes duplicates: the same idea told again by someone else, sharing some of its
//! distinctive words (some inflected differently) and none of its phrasing, for the
//! similar-ideas recall check.

use std::path::Path;

/// Where the word list lives on Debian and Ubuntu.
pub const WORD_LIST: &str = "/usr/share/dict/words";
/// How many distinct words the text draws from.
pub const VOCABULARY: usize = 30_000;

/// Words that glue sentences together, about a third of running text.
const GLUE: &[&str] = &[
    "the", "and", "of", "to", "a", "in", "on", "for", "with", "at", "is", "are", "when", "we",
    "it", "our", "patients", "staff", "ward",
];

/// SplitMix64: tiny, fast and the same on every platform and version, which a seeded
/// benchmark needs more than statistical quality.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// A number in `low..=high`.
    pub fn between(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    /// A number in `0.0..1.0`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The vocabulary, ranked: rank k is drawn with weight 1 / (k + 1).
#[derive(Debug)]
pub struct Words {
    words: Vec<String>,
    cumulative: Vec<f64>,
}

impl Words {
    /// The system's English word list, or a message saying how to install it.
    pub fn english() -> Result<Self, String> {
        let text = std::fs::read_to_string(Path::new(WORD_LIST)).map_err(|e| {
            format!("{WORD_LIST}: {e}. Install it first: sudo apt-get install wamerican")
        })?;
        Ok(Self::from_list(text.lines()))
    }

    /// Lower-case plain words from `list`, shuffled by a fixed seed (so the commonest are
    /// not all from the start of the alphabet) and ranked.
    pub fn from_list<'a>(list: impl Iterator<Item = &'a str>) -> Self {
        let mut words: Vec<String> = list
            .filter(|w| w.len() >= 3 && w.bytes().all(|b| b.is_ascii_lowercase()))
            .map(str::to_owned)
            .collect();
        let mut rng = Rng::new(0x5350_524F_5554);
        for i in (1..words.len()).rev() {
            words.swap(i, rng.below(i + 1));
        }
        words.truncate(VOCABULARY);
        let mut total = 0.0;
        let cumulative = (0..words.len())
            .map(|k| {
                total += 1.0 / (k as f64 + 1.0);
                total
            })
            .collect();
        Self { words, cumulative }
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// One word, Zipf-distributed.
    pub fn word(&self, rng: &mut Rng) -> &str {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        let target = rng.unit() * total;
        let at = self.cumulative.partition_point(|&c| c < target);
        &self.words[at.min(self.words.len() - 1)]
    }

    /// `n` words of running text: distinctive words with glue between.
    fn running(&self, rng: &mut Rng, n: usize) -> Vec<String> {
        (0..n)
            .map(|_| {
                if rng.unit() < 0.35 {
                    GLUE[rng.below(GLUE.len())].to_owned()
                } else {
                    self.word(rng).to_owned()
                }
            })
            .collect()
    }

    /// A title of 4–12 words.
    pub fn title(&self, rng: &mut Rng) -> String {
        let n = rng.between(4, 12);
        capitalised(&self.running(rng, n).join(" "))
    }

    /// A problem of 30–150 words in sentences.
    pub fn problem(&self, rng: &mut Rng) -> String {
        let n = rng.between(30, 150);
        let words = self.running(rng, n);
        sentences(rng, words)
    }

    /// The same idea told again in other words: about half of its distinctive words, some
    /// inflected, in another order, among new ones.
    pub fn duplicate(&self, rng: &mut Rng, title: &str, problem: &str) -> (String, String) {
        let fresh = rng.between(2, 4);
        let title = self.retold(rng, title, 0.6, fresh);
        let fresh = rng.between(10, 30);
        let problem = self.retold(rng, problem, 0.4, fresh);
        (capitalised(&title.join(" ")), sentences(rng, problem))
    }

    /// About `keep` of `text`'s distinctive words, some inflected, shuffled among `fresh`
    /// new ones.
    fn retold(&self, rng: &mut Rng, text: &str, keep: f64, fresh: usize) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for word in distinctive(text) {
            if rng.unit() < keep {
                out.push(inflected(rng, word));
            }
        }
        out.extend(self.running(rng, fresh));
        for i in (1..out.len()).rev() {
            out.swap(i, rng.below(i + 1));
        }
        out
    }
}

fn distinctive(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 3 && !GLUE.iter().any(|g| g.eq_ignore_ascii_case(w)))
}

/// The word, or another form of it a person might have written.
fn inflected(rng: &mut Rng, word: &str) -> String {
    let word = word.to_ascii_lowercase();
    match rng.below(4) {
        0 if word.ends_with('s') => word[..word.len() - 1].to_owned(),
        0 => format!("{word}s"),
        1 if !word.ends_with('e') => format!("{word}ing"),
        _ => word,
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// Words joined into sentences of 8–20 words.
fn sentences(rng: &mut Rng, words: Vec<String>) -> String {
    let mut out = String::new();
    let mut words = words.into_iter().peekable();
    while words.peek().is_some() {
        let n = rng.between(8, 20);
        let sentence: Vec<String> = words.by_ref().take(n).collect();
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&capitalised(&sentence.join(" ")));
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2 000 made-up lower-case words ("wbc", "wbd", ...), so the tests need no word list.
    fn made_up() -> Words {
        let list: Vec<String> = (0..2_000u32)
            .map(|k| k.to_string().bytes().map(|b| char::from(b'a' + (b - b'0'))).collect())
            .map(|w: String| format!("w{w}"))
            .collect();
        Words::from_list(list.iter().map(String::as_str))
    }

    #[test]
    fn the_same_seed_writes_the_same_text() {
        let words = made_up();
        let a = words.problem(&mut Rng::new(7));
        assert_eq!(a, words.problem(&mut Rng::new(7)));
        assert_ne!(a, words.problem(&mut Rng::new(8)));
    }

    #[test]
    fn lengths_are_as_promised() {
        let words = made_up();
        let mut rng = Rng::new(1);
        for _ in 0..200 {
            let title = words.title(&mut rng);
            assert!((4..=12).contains(&title.split(' ').count()), "{title}");
            let problem = words.problem(&mut rng);
            assert!((30..=150).contains(&problem.split(' ').count()), "{problem}");
        }
    }

    #[test]
    fn common_words_are_common() {
        let words = made_up();
        let mut rng = Rng::new(2);
        let draws: Vec<&str> = (0..20_000).map(|_| words.word(&mut rng)).collect();
        let count = |w: &str| draws.iter().filter(|d| **d == w).count();
        let (first, last) = (&words.words[0], &words.words[words.len() - 1]);
        assert!(
            count(first) > 10 * count(last).max(1),
            "rank 1 is drawn far more than the last: {} vs {}",
            count(first),
            count(last)
        );
    }

    #[test]
    fn a_duplicate_shares_words_but_not_phrasing() {
        let words = made_up();
        let mut rng = Rng::new(3);
        let (title, problem) = (words.title(&mut rng), words.problem(&mut rng));
        let (again, _) = words.duplicate(&mut rng, &title, &problem);
        assert_ne!(title, again);
        let stems = |t: &str| {
            distinctive(t)
                .map(str::to_ascii_lowercase)
                .map(|w| w[..3].to_owned())
                .collect::<Vec<_>>()
        };
        let shared = stems(&again).iter().filter(|w| stems(&title).contains(w)).count();
        assert!(shared > 0, "{title} / {again}");
    }
}
