use super::wrap;
use crate::text::width;

#[test]
fn wrap_keeps_every_word_within_the_width() {
    let zh = "改期（保留历史；主管可超额预约，需写明原因并记入审计）";
    let lines = wrap(zh, 20);
    assert!(lines.len() > 1, "{lines:?}");
    assert!(lines.iter().all(|l| width(l) <= 20), "{lines:?}");
    assert_eq!(lines.concat(), zh);
    let en = "Reschedule (history kept; supervisors may overbook with a reason)";
    let lines = wrap(en, 24);
    assert!(lines.iter().all(|l| width(l) <= 24), "{lines:?}");
    assert_eq!(lines.join(" "), en);
}
