//! For render tests (unit and integration): a `TestBackend` buffer read back as text.

/// The buffer as text, one line per row, a wide character once (the cell it hides skipped).
pub fn screen_text(buf: &ratatui::buffer::Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            out.push_str(sym);
            skip = crate::text::width(sym).saturating_sub(1);
        }
        out.push('\n');
    }
    out
}
