//! Turning what a person types into a search box into a safe FTS5 query.

/// At most this many words are searched for; more only slows the query without helping.
const MAX_TERMS: usize = 32;

/// Builds an FTS5 MATCH expression from free text, treating everything as plain words:
/// quotes, `*`, `-`, `:` and parentheses are separators, never query syntax, so no input
/// can make the query fail. The last word matches as a prefix so results follow typing.
/// Returns `None` when there is no word to search for.
pub fn fts_match_expression(query: &str) -> Option<String> {
    let words: Vec<&str> = query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(MAX_TERMS)
        .collect();
    let (last, rest) = words.split_last()?;
    let mut terms: Vec<String> = rest.iter().map(|w| format!("\"{w}\"")).collect();
    terms.push(format!("\"{last}\"*"));
    Some(terms.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_words_are_quoted_and_last_is_a_prefix() {
        assert_eq!(fts_match_expression("hand gel").as_deref(), Some(r#""hand" "gel"*"#));
    }

    #[test]
    fn syntax_characters_become_separators() {
        assert_eq!(
            fts_match_expression(r#"title:"gel" -(wash) OR NEAR* ^x"#).as_deref(),
            Some(r#""title" "gel" "wash" "OR" "NEAR" "x"*"#)
        );
    }

    #[test]
    fn nothing_to_search_is_none() {
        assert_eq!(fts_match_expression(""), None);
        assert_eq!(fts_match_expression(r#" "*-:() "#), None);
    }

    #[test]
    fn unicode_words_survive() {
        assert_eq!(fts_match_expression("café naïve").as_deref(), Some(r#""café" "naïve"*"#));
    }
}
