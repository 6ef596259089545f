//! The `Page` methods most pages write alike, written once: a page puts one of these in
//! its `impl Page` (beside `loads::page_loads!`) and keeps its own methods for what differs.

/// `draft` and `restore` of a page whose form drafts are its `page_draft` and `put_back`.
macro_rules! page_drafts {
    () => {
        fn draft(&self) -> Option<$crate::ui::desk::PageDraft> {
            self.page_draft()
        }

        fn restore(&mut self, d: &$crate::ui::desk::PageDraft) -> bool {
            self.put_back(d).is_some()
        }
    };
}
pub(crate) use page_drafts;

/// `page_drafts!`, and `follow`, `key` and `paste` of a page driven by its `step` with the
/// messages `Msg::Follow`, `Msg::Action` (a key the key table names), `Msg::Text` (any
/// other key, while typing) and `Msg::Paste`.
macro_rules! page_steps {
    () => {
        $crate::ui::desk::wiring::page_drafts!();

        fn follow(&mut self, env: &mut $crate::ui::desk::Env) -> Vec<$crate::ui::desk::Out> {
            self.step(Msg::Follow, env)
        }

        fn key(
            &mut self,
            action: Option<$crate::ui::action::Action>,
            key: ::crossterm::event::KeyEvent,
            env: &mut $crate::ui::desk::Env,
        ) -> Vec<$crate::ui::desk::Out> {
            match action {
                Some(a) => self.step(Msg::Action(a), env),
                None => self.step(Msg::Text(key), env),
            }
        }

        fn paste(
            &mut self,
            text: &str,
            env: &mut $crate::ui::desk::Env,
        ) -> Vec<$crate::ui::desk::Out> {
            self.step(Msg::Paste(text.to_string()), env)
        }
    };
}
pub(crate) use page_steps;
