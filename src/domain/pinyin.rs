//! Pinyin keys for finding a customer by name typed in latin letters: full pinyin
//! (`zhangsan`) and initials (`zs`). Surnames with a special reading (曾 zeng, 单 shan,
//! 解 xie, ...) come from an override table: the dictionary's first reading is the common
//! word's, not the surname's.

use pinyin::ToPinyin;

/// Surnames whose reading differs from the character's most common reading.
const SURNAME_READINGS: &[(char, &str)] = &[
    ('曾', "zeng"),
    ('单', "shan"),
    ('解', "xie"),
    ('翟', "zhai"),
    ('仇', "qiu"),
    ('区', "ou"),
    ('朴', "piao"),
    ('查', "zha"),
    ('盖', "ge"),
    ('乐', "yue"),
    ('覃', "qin"),
    ('缪', "miao"),
    ('尉', "yu"),
    ('长', "chang"),
    ('召', "shao"),
    ('繁', "po"),
    ('种', "chong"),
    ('秘', "bi"),
    ('任', "ren"),
    ('华', "hua"),
    ('柏', "bai"),
    ('句', "gou"),
    ('员', "yun"),
    ('沈', "shen"),
    ('重', "chong"),
    ('折', "she"),
    ('黑', "he"),
    ('隗', "wei"),
    ('宿', "su"),
    ('塔', "ta"),
    ('哈', "ha"),
    ('洗', "xian"),
    ('卜', "bu"),
    ('薄', "bo"),
    ('蕃', "pi"),
    ('万', "wan"),
    ('叶', "ye"),
    ('阚', "kan"),
    ('纪', "ji"),
    ('应', "ying"),
    ('谌', "chen"),
];

/// Full pinyin and initials of a name, lower case, without spaces or tones. Characters
/// without a reading (latin letters, digits) are kept as they are, lower-cased.
pub fn name_keys(name: &str) -> (String, String) {
    let mut full = String::new();
    let mut initials = String::new();
    for (i, ch) in name
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '·')
        .enumerate()
    {
        let override_reading = if i == 0 {
            SURNAME_READINGS
                .iter()
                .find(|(c, _)| *c == ch)
                .map(|(_, r)| *r)
        } else {
            None
        };
        let reading = override_reading.or_else(|| ch.to_pinyin().map(|p| p.plain()));
        match reading {
            Some(r) => {
                full.push_str(r);
                if let Some(first) = r.chars().next() {
                    initials.push(first);
                }
            }
            None if ch.is_ascii_alphanumeric() => {
                let c = ch.to_ascii_lowercase();
                full.push(c);
                initials.push(c);
            }
            None => {}
        }
    }
    (full, initials)
}

/// True if `query` looks like pinyin: ASCII letters only (any case).
pub fn is_pinyin_query(query: &str) -> bool {
    !query.is_empty() && query.chars().all(|c| c.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_and_initials() {
        assert_eq!(name_keys("张三"), ("zhangsan".into(), "zs".into()));
        assert_eq!(name_keys("欧阳娜娜"), ("ouyangnana".into(), "oynn".into()));
        assert_eq!(name_keys(" 李 小龙 "), ("lixiaolong".into(), "lxl".into()));
    }

    #[test]
    fn surnames_use_their_own_reading() {
        assert_eq!(name_keys("曾小贤").0, "zengxiaoxian");
        assert_eq!(name_keys("单田芳").1, "stf");
        assert_eq!(name_keys("解晓东").0, "xiexiaodong");
        assert_eq!(name_keys("翟天临").1, "ztl");
        assert_eq!(name_keys("区志强").0, "ouzhiqiang");
        // Only the first character is a surname: 曾 inside a given name keeps its reading.
        assert_eq!(name_keys("王曾").0, "wangceng");
    }

    #[test]
    fn non_han_is_kept() {
        assert_eq!(name_keys("Tom李"), ("tomli".into(), "toml".into()));
        assert_eq!(name_keys("阿卜杜拉·买买提").1, "abdlmmt");
        assert!(is_pinyin_query("ZS"));
        assert!(!is_pinyin_query("z1"));
        assert!(!is_pinyin_query(""));
    }
}
