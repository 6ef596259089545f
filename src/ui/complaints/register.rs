//! The register form: its fields, the category typed as a number or a word, and turning
//! it into what the runner is asked to register.

use super::steps::need;
use crate::domain::complaints::{Category, Severity, parse_yuan};
use crate::i18n::Lang;
use crate::ui::widgets::form::{Field, Form};

/// The register form; the channel is a choice in the user's language (a number or ←/→),
/// stored as its code (the calls' channels), the usual one (the phone) its default.
pub fn register_form(lang: Lang) -> Form {
    use crate::domain::calls::Channel;
    Form::new(vec![
        // What to type; the list under it names its keys (from the key table).
        Field::new("customer", "客户", "Customer")
            .hints("手机尾号/车牌/姓名/拼音", "phone tail/plate/name/pinyin"),
        Field::new("channel", "渠道", "Channel")
            .choices(
                Channel::ALL
                    .map(|c| (c.code(), c.label(lang).to_string()))
                    .to_vec(),
            )
            .default_value(Channel::Phone.label(lang)),
        Field::new("category", "类别", "Category").required().hints(
            "1态度 2及时 3维修 4配件 5价格 6质量 7其他",
            "1 attitude 2 delay 3 repair 4 parts 5 price 6 quality 7 other",
        ),
        Field::new("summary", "经过", "What happened")
            .required()
            .multiline(3),
        Field::new("demand", "诉求", "Customer asks").multiline(2),
        // An example said as such: a bare grey 售后服务部 read as filled in, and the
        // complaint was saved with no station (counted under "（未填）").
        Field::new("station", "责任站/部门", "Station/dept")
            .hints("如 售后服务部", "e.g. after-sales service"),
        Field::new("loss", "损失(元)", "Loss (yuan)").hints("≥20000 自动为重大", "≥20000: major"),
        Field::new("severity", "严重程度", "Severity")
            .hints("一般/重大（可不填）", "general/major (optional)"),
        Field::new("reason", "定级理由", "Reason"),
        Field::new("handler", "处理人工号", "Handler no."),
    ])
}

/// What the register form asks for; the app looks up the customer and handler.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterAsk {
    /// The customer and car picked from the list (none: no customer named). Text typed
    /// but not picked never reaches here: the form refuses it.
    pub picked: Option<(i64, Option<i64>)>,
    /// The channel's code (`phone`, `email`, `chat`, `walk_in`, `wechat`).
    pub channel: String,
    pub category: Category,
    pub summary: String,
    pub demand: String,
    pub station: String,
    pub loss_yuan: Option<i64>,
    pub severity_by_hand: Option<(Severity, String)>,
    pub handler_emp_no: Option<String>,
}

/// The category the text names: its number in the hint (1-7), its word in either language,
/// or one of the short words the hint shows.
fn category_of(text: &str) -> Option<Category> {
    let t = text.trim().to_lowercase();
    let short = match t.as_str() {
        "态度" | "attitude" => Some(Category::Attitude),
        "及时" | "不及时" | "delay" => Some(Category::Timeliness),
        "维修" | "维修质量" | "返修" | "repair" => Some(Category::RepairQuality),
        "配件" | "parts" => Some(Category::PartsSupply),
        "质量" | "quality" => Some(Category::ProductQuality),
        "price" => Some(Category::Pricing),
        _ => None,
    };
    let by_number = t
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_sub(1))
        .and_then(|i| Category::ALL.get(i).copied());
    short.or(by_number).or_else(|| {
        Category::ALL.into_iter().find(|c| {
            [Lang::Zh, Lang::En]
                .iter()
                .any(|l| c.label(*l).to_lowercase() == t || c.code() == t)
        })
    })
}

/// The category field once the cursor has left it shows the category's word, not the
/// number typed (`1` → `服务态度`); text that names no category stays as typed.
pub fn settle_category(f: &mut Form, lang: Lang) {
    let Some(i) = f.fields.iter().position(|x| x.key == "category") else {
        return;
    };
    if f.focus == i {
        return;
    }
    if let Some(c) = category_of(f.get("category")) {
        let word = c.label(lang);
        if f.get("category") != word {
            f.fields[i].set_text(word);
        }
    }
}

pub fn parse_register(f: &mut Form, lang: Lang) -> Option<RegisterAsk> {
    f.clear_errors();
    let category = category_of(f.get("category"));
    if category.is_none() {
        // Marked, and said under the form: beside the field it would cut the seven codes
        // its hint lists (English at 80 columns).
        f.set_error("category", String::new());
    }
    let summary = need(f, "summary", lang);
    let loss = match f.get("loss") {
        "" => Some(None),
        s => match parse_yuan(s) {
            Some(fen) if fen >= 0 => Some(Some(fen / 100)),
            _ => {
                f.set_error("loss", lang.t("金额", "an amount").into());
                None
            }
        },
    };
    let severity = match f.get("severity").to_lowercase().as_str() {
        "" => Some(None),
        "一般" | "general" => Some(Some(Severity::General)),
        "重大" | "major" => Some(Some(Severity::Major)),
        _ => {
            f.set_error("severity", lang.t("一般/重大", "general/major").into());
            None
        }
    };
    let by_hand = match severity {
        Some(Some(s)) => {
            let reason = need(f, "reason", lang);
            reason.map(|r| Some((s, r)))
        }
        Some(None) => Some(None),
        None => None,
    };
    let (Some(category), Some(summary), Some(loss), Some(by_hand)) =
        (category, summary, loss, by_hand)
    else {
        f.focus_first_error();
        let mut why = lang
            .t(
                "未登记：请改正标红的栏目",
                "Not registered: correct the marked fields",
            )
            .to_string();
        if category.is_none() {
            why.push_str(lang.t("（类别填 1-7）", " (category: enter 1-7)"));
        }
        f.message = Some((why, true));
        return None;
    };
    let opt = |s: &str| Some(s.to_string()).filter(|s| !s.is_empty());
    Some(RegisterAsk {
        picked: None,
        // Left empty: the phone, as the form offers.
        channel: f
            .code("channel")
            .unwrap_or(crate::domain::calls::Channel::Phone.code())
            .to_string(),
        category,
        summary,
        demand: f.get("demand").into(),
        station: f.get("station").into(),
        loss_yuan: loss,
        severity_by_hand: by_hand,
        handler_emp_no: opt(f.get("handler")),
    })
}
