//! The last pass of every frame: no control character reaches the terminal.
//!
//! Record text is drawn through `text::sanitize`, but a form's field shows exactly what was typed
//! or pasted (tui-textarea draws it as it is), and a clerk's paste may carry escape sequences. The
//! backend writes each cell's symbol to the terminal as it is, so an ESC in a cell is an escape
//! sequence the terminal obeys: colours, cursor moves, a cleared screen. Here each control
//! character left in the frame is drawn as a visible stand-in (ESC as ␛, other C0 controls as
//! their control pictures, the rest as �), and bidirectional controls, which can reorder what the
//! clerk reads, are dropped from the cell they joined. What the field holds is not changed: the
//! form still names the character when it refuses the value.

use ratatui::buffer::Buffer;

use crate::domain::text::invisible;

/// What `c` is drawn as: `None` keeps it, `Some("")` drops it from a cell it joined.
fn stand_in(c: char) -> Option<&'static str> {
    const PICTURES: [&str; 32] = [
        "␀", "␁", "␂", "␃", "␄", "␅", "␆", "␇", "␈", "␉", "␊", "␋", "␌", "␍", "␎", "␏", "␐", "␑",
        "␒", "␓", "␔", "␕", "␖", "␗", "␘", "␙", "␚", "␛", "␜", "␝", "␞", "␟",
    ];
    match c {
        c if (c as u32) < 0x20 => Some(PICTURES[c as usize]),
        '\u{7f}' => Some("␡"),
        c if c.is_control() => Some("\u{FFFD}"),
        // The joiners some scripts need inside a word are left to draw.
        '\u{200C}' | '\u{200D}' => None,
        c if invisible(c).is_some() => Some(""),
        _ => None,
    }
}

/// Replaces every control character in `buf` with its visible stand-in (see the module).
pub(super) fn scrub(buf: &mut Buffer) {
    for cell in buf.content.iter_mut() {
        let symbol = cell.symbol();
        if !symbol.chars().any(|c| stand_in(c).is_some()) {
            continue;
        }
        let mut clean = String::new();
        for c in symbol.chars() {
            match stand_in(c) {
                Some(s) => clean.push_str(s),
                None => clean.push(c),
            }
        }
        if clean.is_empty() {
            clean.push(' ');
        }
        cell.set_symbol(&clean);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;

    #[test]
    fn controls_become_visible_and_text_is_kept() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 6, 1));
        for (x, s) in ["a", "\u{1b}", "\u{9b}", "\u{7f}", "b\u{202e}", "\u{200b}"]
            .iter()
            .enumerate()
        {
            buf[(x as u16, 0)].set_symbol(s);
        }
        scrub(&mut buf);
        let drawn: Vec<&str> = (0..6).map(|x| buf[(x, 0)].symbol()).collect();
        assert_eq!(drawn, ["a", "␛", "\u{FFFD}", "␡", "b", " "]);
    }
}
