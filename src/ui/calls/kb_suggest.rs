//! The knowledge base in the call form: while a consultation template is filled, what the
//! agent types in its key field (station region, part, model, promotion, symptom) is
//! searched (the app runs the search after each key: `CallForm::kb_wanted`, then
//! `kb_found`), the current articles show above the sentence, F3 moves between them and
//! Ctrl-K fills the template's answer fields from the one chosen; the agent then confirms,
//! edits or types their own. Expired promotions and policies are never among them.

use super::form::CallForm;
use crate::domain::kb::KbKind;
use crate::domain::kb::fill::{Link, link};
use crate::i18n::Lang;
use crate::store::kb::KbRow;
use crate::text::{fit, inert};
use crate::ui::action::Action;
use crate::ui::keymap::Scope;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Suggestions shown at once.
pub const SHOWN: usize = 3;
/// Rows left to the standard sentence's preview under the suggestions (its title, the
/// sentence, what is still to fill).
const PREVIEW_ROWS: u16 = 4;

/// The form's suggestions: the query they answer and the articles found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KbSuggest {
    asked: Option<String>,
    items: Vec<KbRow>,
    sel: usize,
}

impl KbSuggest {
    pub fn items(&self) -> &[KbRow] {
        &self.items
    }

    pub fn selected(&self) -> Option<&KbRow> {
        self.items.get(self.sel)
    }
}

impl CallForm {
    fn kb_link(&self) -> Option<&'static Link> {
        link(&self.template.id)
    }

    /// The search the form needs now (its kind and text), when the key field's text changed
    /// since the last one. An empty key field asks nothing, except for promotions: then
    /// every current one is offered.
    pub fn kb_wanted(&mut self) -> Option<(KbKind, String)> {
        let l = self.kb_link()?;
        let q = l.query(&self.values());
        if self.kb.asked.as_deref() == Some(q.as_str()) {
            return None;
        }
        self.kb.asked = Some(q.clone());
        if q.is_empty() && l.kind != KbKind::Promotion {
            self.kb.items.clear();
            self.kb.sel = 0;
            return None;
        }
        Some((l.kind, q))
    }

    /// The articles found for the last search: those for the form's brand (or every brand)
    /// first.
    pub fn kb_found(&mut self, mut rows: Vec<KbRow>) {
        let brand = self.values().get("brand").cloned().unwrap_or_default();
        rows.sort_by_key(|r| !Link::brand_fits(&r.article, &brand));
        self.kb.items = rows;
        self.kb.sel = 0;
    }

    /// F3: the next suggestion (round).
    pub fn kb_next(&mut self) {
        let n = self.kb.items.len().min(SHOWN);
        if n > 0 {
            self.kb.sel = (self.kb.sel + 1) % n;
        }
    }

    /// Ctrl-K: fills the template's answer fields from the chosen article. Returns false
    /// when there is none to take.
    pub fn kb_take(&mut self, lang: Lang) -> bool {
        let (Some(l), Some(row)) = (self.kb_link(), self.kb.selected()) else {
            return false;
        };
        // In the store's words whatever the agent's language: the value goes into the
        // record's standard sentence (seed 004, Chinese) that every agent reads, so an
        // English desk fills `9.98万至13.98万元`, not `99.8k to 139.8k yuan` inside it.
        let values = l.values(&row.article, Lang::Zh);
        let mut filled = Vec::new();
        for (key, value) in values {
            if let Some(f) = self.fields.fields.iter_mut().find(|f| f.key == key) {
                f.set_text(&value);
                // Filled now: a "required" mark from a refused save no longer holds.
                f.error = None;
                filled.push(lang.t(&f.zh, &f.en).to_string());
            }
        }
        // What the key field now says is what the suggestions answered: no new search.
        self.kb.asked = Some(l.query(&self.values()));
        self.message = Some((
            match lang {
                Lang::Zh => format!("已从知识库填入 {}，可修改", filled.join("、")),
                Lang::En => format!(
                    "Filled {} from the knowledge base; edit as needed",
                    filled.join(", ")
                ),
            },
            false,
        ));
        true
    }

    /// Draws the suggestions at the top of `area`, leaving the preview its rows and `more`
    /// (a note beside its label that wraps); returns what is left below them.
    pub fn render_kb(
        &self,
        frame: &mut Frame,
        area: Rect,
        more: u16,
        lang: Lang,
        theme: &Theme,
    ) -> Rect {
        let Some(l) = self.kb_link() else {
            return area;
        };
        let shown = self.kb.items.len().min(SHOWN);
        let mut rows = (1 + shown.max(1)) as u16;
        if area.height < rows + 2 {
            return area;
        }
        let w = area.width as usize;
        // The chosen suggestion reads whole (wrapped under its mark) while the preview below
        // keeps its lines; the others are cut to one line each.
        let spare = usize::from(area.height.saturating_sub(rows + PREVIEW_ROWS + more));
        let mut lines = vec![Line::from(vec![
            Span::styled(
                lang.t("知识库", "Knowledge base").to_string() + " ",
                theme.label(),
            ),
            Span::styled(
                crate::ui::keymap::hint_line(
                    &[Scope::CallForm, Scope::Global],
                    true,
                    &[
                        (Action::KbNext, "下一条", "next"),
                        (Action::KbTake, "填入", "fill in"),
                    ],
                    lang,
                ),
                theme.dim(),
            ),
        ])];
        if shown == 0 {
            let none = match &self.kb.asked {
                Some(q) if !q.is_empty() => lang.t(
                    "（没有匹配的有效条目，请自行填写）",
                    "(no current article matches: type the answer)",
                ),
                _ => match l.kind {
                    KbKind::Station => {
                        lang.t("（输入服务站地区查找）", "(type the station region)")
                    }
                    KbKind::Policy => lang.t("（输入配件名称查找）", "(type the part)"),
                    KbKind::VehiclePrice => lang.t("（输入车型查找）", "(type the model)"),
                    KbKind::PartPrice => lang.t("（输入配件名称查找）", "(type the part)"),
                    KbKind::Promotion => lang.t("（当前没有促销活动）", "(no promotion is on)"),
                    KbKind::Troubleshoot => lang.t("（输入故障现象查找）", "(type the symptom)"),
                },
            };
            lines.push(Line::from(Span::styled(none, theme.dim())));
        }
        for (i, r) in self.kb.items.iter().take(SHOWN).enumerate() {
            let mark = if i == self.kb.sel { ">" } else { " " };
            // A station's or promotion's answer starts with its name: no title before it.
            let text = match r.article.kind {
                KbKind::Station | KbKind::Promotion => {
                    format!("{mark} {}", inert(&r.article.answer(lang)))
                }
                _ => format!(
                    "{mark} {}{}{}",
                    inert(&r.title),
                    lang.t("：", ": "),
                    inert(&r.article.answer(lang))
                ),
            };
            if i == self.kb.sel {
                let body = text.get(2..).unwrap_or_default();
                let wrapped = crate::text::wrap_words(body, w.saturating_sub(2).max(1));
                let take = wrapped.len().min(spare + 1);
                for (j, part) in wrapped.iter().take(take).enumerate() {
                    let lead = if j == 0 { "> " } else { "  " };
                    let line = if j + 1 == take && take < wrapped.len() {
                        // No room left: the last line shown says there is more.
                        fit(
                            &format!("{lead}{part}{}", wrapped[take..].concat()),
                            w,
                            true,
                        )
                    } else {
                        format!("{lead}{part}")
                    };
                    lines.push(Line::from(Span::styled(line, theme.selected())));
                }
                rows += take.saturating_sub(1) as u16;
            } else {
                lines.push(Line::from(fit(&text, w, true)));
            }
        }
        frame.render_widget(
            Paragraph::new(lines),
            Rect {
                height: rows,
                ..area
            },
        );
        Rect {
            y: area.y + rows,
            height: area.height - rows,
            ..area
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::kb::{Article, KbKind};
    use crate::domain::templates::TemplateSet;
    use crate::i18n::Lang;
    use crate::store::kb::KbRow;
    use crate::ui::calls::form::CallForm;

    fn row(id: i64, a: Article) -> KbRow {
        KbRow {
            id,
            version: 1,
            title: a.title(),
            article: a,
            retired: false,
            updated_at: String::new(),
            updated_by: None,
        }
    }

    fn form(template: &str) -> CallForm {
        let set = TemplateSet::builtin();
        CallForm::new(set.get(template).unwrap(), chrono::Utc::now(), Lang::Zh)
    }

    fn set_field(f: &mut CallForm, key: &str, v: &str) {
        let field = f.fields.fields.iter_mut().find(|x| x.key == key).unwrap();
        field.set_text(v);
    }

    /// The standard sentence's preview keeps a price, a phone and a plate whole wherever
    /// the line ends (ratatui's own wrap split `15.98万` into `15.` and `98万`).
    #[test]
    fn the_sentence_preview_never_splits_a_price_or_a_phone() {
        use ratatui::Terminal;
        use ratatui::backend::TestBackend;
        let theme = crate::ui::theme::Theme::new(false);
        // A model of 0 to 60 letters moves the price along the line, cell by cell.
        for n in 0..=60 {
            let mut f = form("consult_price");
            set_field(&mut f, "name", "张嘉");
            set_field(&mut f, "brand", "本田");
            set_field(&mut f, "model", &"A".repeat(n));
            set_field(&mut f, "price_range", "15.98万至24.98万元");
            set_field(&mut f, "contact", "15212347747");
            let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
            t.draw(|fr| f.render(fr, fr.area(), Lang::Zh, &theme))
                .unwrap();
            let screen = crate::ui::testing::screen_text(t.backend().buffer());
            // The preview's lines (the fields above show the values whole anyway).
            let preview = screen.split("标准记录预览").nth(1).unwrap_or_default();
            for token in ["15.98万", "24.98万", "15212347747"] {
                assert!(preview.contains(token), "{n}: {token} split\n{screen}");
            }
        }
    }

    #[test]
    fn the_key_field_is_searched_once_per_change() {
        let mut f = form("consult_station");
        // Nothing typed: nothing to ask.
        assert_eq!(f.kb_wanted(), None);
        set_field(&mut f, "station_region", "南山");
        assert_eq!(f.kb_wanted(), Some((KbKind::Station, "南山".into())));
        assert_eq!(f.kb_wanted(), None);
        set_field(&mut f, "station_region", "南山区");
        assert_eq!(f.kb_wanted(), Some((KbKind::Station, "南山区".into())));
        // Promotions are offered before anything is typed; the progress enquiry has none.
        assert_eq!(
            form("consult_promotion").kb_wanted(),
            Some((KbKind::Promotion, String::new()))
        );
        assert_eq!(form("consult_progress").kb_wanted(), None);
    }

    #[test]
    fn taking_a_station_fills_the_answer_and_the_brand_comes_first() {
        let mut f = form("consult_station");
        set_field(&mut f, "brand", "大众");
        let station = |name: &str, brand: &str| {
            Article::new(KbKind::Station)
                .with("region", "深圳市南山区")
                .with("name", name)
                .with("brand", brand)
                .with("phone", "0755-26661234")
                .with("address", "深南大道1号")
        };
        f.kb_found(vec![
            row(1, station("南山丰田站", "丰田")),
            row(2, station("南山大众站", "大众")),
        ]);
        assert_eq!(f.kb.selected().unwrap().id, 2);
        // A save refused over the empty answer marked it: filled, the mark goes.
        f.fields.set_error("answer", "必填".into());
        assert!(f.kb_take(Lang::Zh));
        let answer = f.fields.fields.iter().find(|x| x.key == "answer").unwrap();
        assert_eq!(answer.error, None, "a filled field still marked");
        assert_eq!(
            f.values().get("answer").unwrap(),
            "南山大众站，电话0755-26661234，地址深南大道1号"
        );
        f.kb_next();
        assert!(f.kb_take(Lang::Zh));
        assert!(f.values()["answer"].starts_with("南山丰田站"));
        assert!(
            f.message
                .as_ref()
                .unwrap()
                .0
                .contains("已从知识库填入 具体服务商的电话或地址")
        );
    }

    #[test]
    fn an_english_desk_fills_the_records_words_and_is_told_in_english() {
        let set = TemplateSet::builtin();
        let t = set.get("consult_price").unwrap();
        let mut f = CallForm::new(t, chrono::Utc::now(), Lang::En);
        let price = Article::new(KbKind::VehiclePrice)
            .with("brand", "比亚迪")
            .with("model", "海豚")
            .with("low", "9.98")
            .with("high", "13.98");
        f.kb_found(vec![row(1, price)]);
        assert!(f.kb_take(Lang::En));
        assert_eq!(f.values()["price_range"], "9.98万至13.98万元");
        let said = &f.message.as_ref().unwrap().0;
        assert!(said.starts_with("Filled Reference price"), "{said}");
    }

    #[test]
    fn a_promotion_fills_the_promotion_and_yes() {
        let mut f = form("consult_promotion");
        let mut p = Article::new(KbKind::Promotion)
            .with("name", "冬季关爱")
            .with("content", "工时费八折");
        p.valid_to = chrono::NaiveDate::from_ymd_opt(2026, 12, 31);
        f.kb_found(vec![row(1, p)]);
        assert!(f.kb_take(Lang::Zh));
        let v = f.values();
        assert_eq!(v["promotion"], "冬季关爱：工时费八折（至2026年12月31日）");
        assert_eq!(v["has_promotion"], "有");
        // The form's own check accepts what was filled.
        assert!(f.template.check_values(Lang::Zh, &v).is_empty());
        // Nothing found: nothing taken.
        f.kb_found(Vec::new());
        assert!(!f.kb_take(Lang::Zh));
    }

    /// What Ctrl-K filled is said under the preview at 80x24 (the form drawn where the
    /// Calls tab draws it, under the tab bar and over the status bar), however long the
    /// suggestions and the sentence are: it used to fall off the bottom.
    #[test]
    fn what_was_filled_stays_on_screen_at_80x24() {
        use ratatui::Terminal;
        use ratatui::backend::TestBackend;
        use ratatui::layout::Rect;
        let theme = crate::ui::theme::Theme::new(false);
        let station = |n: u32| {
            Article::new(KbKind::Station)
                .with("region", "深圳市南山区")
                .with("name", &format!("深圳南山大众特约服务站{n}"))
                .with("brand", "大众")
                .with("phone", "0755-26600000")
                .with(
                    "address",
                    "深圳市南山区深南大道100号，营业时间周一至周日 8:30-18:00",
                )
        };
        for lang in [Lang::Zh, Lang::En] {
            let set = TemplateSet::builtin();
            let mut f = CallForm::new(
                set.get("consult_station").unwrap(),
                chrono::Utc::now(),
                lang,
            );
            set_field(&mut f, "region", "广东省深圳市");
            set_field(&mut f, "brand", "大众");
            set_field(&mut f, "station_region", "南山");
            f.kb_found((1..=3).map(|n| row(n.into(), station(n))).collect());
            assert!(f.kb_take(lang));
            let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
            t.draw(|fr| f.render(fr, Rect::new(0, 1, 80, 22), lang, &theme))
                .unwrap();
            let screen = crate::ui::testing::screen_text(t.backend().buffer());
            // Read on across rows (a long note wraps), the borders left out.
            let flat: Vec<&str> = screen.lines().map(|l| l.trim_matches(['│', ' '])).collect();
            let said = &f.message.as_ref().unwrap().0;
            assert!(said.contains(lang.t("已从知识库填入", "from the knowledge base")));
            assert!(flat.join(" ").contains(said.as_str()), "{said}\n{screen}");
        }
    }
}
