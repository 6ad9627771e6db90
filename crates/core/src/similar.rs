//! Finding ideas that look alike though worded differently, so a clinician can support an
//! existing idea instead of submitting it again and a lead is not asked to fund it twice.
//!
//! Two steps: a broad full-text query for any distinctive word (the store's FTS5 index,
//! which stems "falls" and "falling" alike), then a similarity measure on character
//! trigrams of the words, which still sees "nocturnal fall" in "falls at night-time".

use std::collections::BTreeSet;

/// Words too common in ideas to say anything about which idea it is.
const STOPWORDS: &[&str] = &[
    "a", "about", "after", "all", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can",
    "could", "do", "does", "for", "from", "get", "has", "have", "how", "if", "in", "into", "is",
    "it", "its", "more", "no", "not", "of", "on", "or", "our", "so", "than", "that", "the",
    "their", "them", "there", "they", "this", "to", "too", "up", "use", "very", "was", "we",
    "were", "when", "where", "which", "who", "will", "with", "would", "you", "idea", "problem",
    "patient", "patients", "staff", "ward", "wards",
];

/// At most this many words go into the broad query.
const MAX_TERMS: usize = 16;

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_lowercase)
        .filter(|w| !STOPWORDS.contains(&w.as_str()))
}

/// The distinctive words of `text`, first seen first, each quoted as an FTS5 string (so
/// none of it is query syntax), at most `MAX_TERMS` of them.
pub fn fts_terms(text: &str) -> Vec<String> {
    let mut seen = BTreeSet::new();
    words(text)
        .filter(|w| seen.insert(w.clone()))
        .take(MAX_TERMS)
        .map(|w| format!("\"{w}\""))
        .collect()
}

/// An FTS5 expression matching ideas that share any distinctive word with `text`, or
/// `None` if it has none yet.
pub fn fts_any_expression(text: &str) -> Option<String> {
    let terms = fts_terms(text);
    (!terms.is_empty()).then(|| terms.join(" OR "))
}

/// The character trigrams of a text's distinctive words (each word padded so its start and
/// end count too), each packed into one integer and kept sorted: comparing two texts is
/// then one merge of two arrays, with no allocation per trigram.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Trigrams(Vec<u64>);

impl Trigrams {
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

pub fn trigrams(text: &str) -> Trigrams {
    let mut grams = Vec::new();
    for word in words(text) {
        let padded: Vec<u64> =
            std::iter::once(' ').chain(word.chars()).chain([' ']).map(u64::from).collect();
        // A char is at most 21 bits, so three fit in 63 exactly: no two trigrams collide.
        grams.extend(padded.windows(3).map(|w| w[0] << 42 | w[1] << 21 | w[2]));
    }
    grams.sort_unstable();
    grams.dedup();
    Trigrams(grams)
}

/// How alike two texts are, from 0 (nothing shared) to 1 (the same words): the Dice
/// coefficient of their trigram sets, which treats a short title and a long problem
/// statement more fairly than the Jaccard index.
pub fn similarity(a: &Trigrams, b: &Trigrams) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.0.len() && j < b.0.len() {
        match a.0[i].cmp(&b.0[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * shared as f64 / (a.len() + b.len()) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sim(a: &str, b: &str) -> f64 {
        similarity(&trigrams(a), &trigrams(b))
    }

    #[test]
    fn the_broad_query_keeps_distinctive_words_only() {
        assert_eq!(
            fts_any_expression("The patients fall at night, falls!").as_deref(),
            Some(r#""fall" OR "night" OR "falls""#)
        );
        assert_eq!(fts_any_expression("a to of"), None);
    }

    #[test]
    fn differently_worded_ideas_score_above_unrelated_ones() {
        let idea = "Falls at night when bays are unobserved";
        let reworded = "Nocturnal falling in unobserved bays";
        let unrelated = "Discharge letters full of jargon";
        assert!(sim(idea, reworded) > 0.25, "{}", sim(idea, reworded));
        assert!(sim(idea, unrelated) < 0.1, "{}", sim(idea, unrelated));
        assert!((sim(idea, idea) - 1.0).abs() < 1e-9);
        assert_eq!(sim("", idea), 0.0);
    }

    #[test]
    fn trigrams_are_those_of_each_padded_word() {
        // " ca", "cat" and "at ".
        assert_eq!(trigrams("cat").len(), 3);
        assert_eq!(trigrams("cat cat CAT").len(), 3, "each once, case aside");
        assert_eq!(trigrams("cats").len(), 4);
        // Letters beyond ASCII are whole characters, not bytes.
        assert_eq!(trigrams("naïve").len(), 5);
        assert!((sim("über", "über") - 1.0).abs() < 1e-9);
    }
}
