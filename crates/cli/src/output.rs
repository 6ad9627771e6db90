//! Human and JSON output. JSON is for scripts: pretty-printed, one document per command.

use std::io::{self, Write};

use chrono::Local;
use serde::Serialize;
use sprout_app::{Comment, Idea};

pub struct Out<W: Write> {
    w: io::BufWriter<W>,
}

impl<W: Write> Out<W> {
    pub fn new(w: W) -> Self {
        Out { w: io::BufWriter::new(w) }
    }

    /// Writes a line for a person to read. Names and paths may come from a hub anyone
    /// with access to the share can write to, so control characters (terminal escapes
    /// among them) are shown as visible codes, never sent to the terminal.
    pub fn line(&mut self, text: &str) -> Result<(), crate::Failure> {
        writeln!(self.w, "{}", printable(text))?;
        Ok(())
    }

    pub fn json(&mut self, value: &impl Serialize) -> Result<(), crate::Failure> {
        serde_json::to_writer_pretty(&mut self.w, value).map_err(io::Error::from)?;
        writeln!(self.w)?;
        Ok(())
    }

    /// A list of ideas as JSON, as a table, or as `none` when there are none.
    pub fn ideas(&mut self, ideas: &[Idea], json: bool, none: &str) -> Result<(), crate::Failure> {
        match (json, ideas.is_empty()) {
            (true, _) => self.json(&ideas),
            (false, true) => self.line(none),
            (false, false) => self.table(ideas),
        }
    }

    /// One idea a line: id, when it was created (local time) and its title.
    fn table(&mut self, ideas: &[Idea]) -> Result<(), crate::Failure> {
        writeln!(self.w, "{:<36}  {:<16}  TITLE", "ID", "CREATED")?;
        for idea in ideas {
            let created = idea.created_at.with_timezone(&Local).format("%Y-%m-%d %H:%M");
            writeln!(self.w, "{:<36}  {created:<16}  {}", idea.id.to_string(), idea.title)?;
        }
        Ok(())
    }

    pub fn idea(&mut self, idea: &Idea) -> Result<(), crate::Failure> {
        let time = |t: chrono::DateTime<chrono::Utc>| {
            t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string()
        };
        writeln!(self.w, "{}", idea.title)?;
        writeln!(self.w, "id:       {}", idea.id)?;
        writeln!(self.w, "author:   {}", idea.author)?;
        match idea.original_submitter.as_deref() {
            Some("") => writeln!(self.w, "imported: from a spreadsheet")?,
            Some(by) => writeln!(self.w, "imported: first submitted by {by}")?,
            None => {}
        }
        writeln!(self.w, "created:  {}", time(idea.created_at))?;
        writeln!(self.w, "updated:  {}", time(idea.updated_at))?;
        writeln!(self.w, "stage:    {}", idea.stage)?;
        if let Some(into) = &idea.merged_into {
            writeln!(self.w, "merged:   into {into} (a duplicate)")?;
        }
        if !idea.affects.is_empty() {
            writeln!(self.w, "affects:  {}", idea.affects.join(", "))?;
        }
        if !idea.site.is_empty() || !idea.department.is_empty() {
            let place = [idea.site.as_str(), idea.department.as_str()];
            let place: Vec<&str> = place.into_iter().filter(|p| !p.is_empty()).collect();
            writeln!(self.w, "where:    {}", place.join(", "))?;
        }
        if !idea.tags.is_empty() {
            writeln!(self.w, "tags:     {}", idea.tags.join(", "))?;
        }
        writeln!(self.w, "\nProblem\n{}", indent(&idea.problem))?;
        if let Some(solution) = &idea.solution {
            writeln!(self.w, "\nProposed solution\n{}", indent(solution))?;
        }
        if let Some(d) = &idea.last_decision {
            writeln!(
                self.w,
                "\nLatest decision: {} ({} → {})\n{}",
                d.decision.key(),
                d.from,
                d.to,
                indent(&d.rationale)
            )?;
        }
        Ok(())
    }

    /// Comments as JSON, or each with who and when above its indented text.
    pub fn comments(&mut self, comments: &[Comment], json: bool) -> Result<(), crate::Failure> {
        if json {
            return self.json(&comments);
        }
        if comments.is_empty() {
            return self.line("No comments yet.");
        }
        for c in comments {
            let at = c.at.with_timezone(&Local).format("%Y-%m-%d %H:%M");
            writeln!(self.w, "{at}  {}\n{}\n", c.author, indent(&c.text))?;
        }
        Ok(())
    }

    pub fn flush(&mut self) -> Result<(), crate::Failure> {
        self.w.flush()?;
        Ok(())
    }
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}")).collect::<Vec<_>>().join("\n")
}

/// `text` with every control character but newline and tab shown as `\u{..}`.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                format!("\\u{{{:x}}}", u32::from(c))
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

#[cfg(test)]
mod tests {
    #[test]
    fn terminal_escapes_from_a_hub_are_shown_not_obeyed() {
        assert_eq!(super::printable("log/\u{1b}[2Jx: refused"), "log/\\u{1b}[2Jx: refused");
        assert_eq!(super::printable("two\nlines\tok"), "two\nlines\tok");
    }
}
