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

/// The syllables of a name: each character's full pinyin (lower case, no tones), the
/// surname by its surname reading; latin letters and digits as themselves.
pub fn syllables(name: &str) -> Vec<String> {
    let mut out = Vec::new();
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
        match override_reading.or_else(|| ch.to_pinyin().map(|p| p.plain())) {
            Some(r) => out.push(r.to_string()),
            None if ch.is_ascii_alphanumeric() => out.push(ch.to_ascii_lowercase().to_string()),
            None => {}
        }
    }
    out
}

/// Full pinyin and initials of a name, lower case, without spaces or tones. Characters
/// without a reading (latin letters, digits) are kept as they are, lower-cased.
pub fn name_keys(name: &str) -> (String, String) {
    let syl = syllables(name);
    let initials = syl.iter().filter_map(|s| s.chars().next()).collect();
    (syl.concat(), initials)
}

/// Mixed pinyin: the query (lower-case letters) read from the name's first syllable on,
/// each syllable typed as a non-empty prefix of itself — its initial, a part, or all of
/// it: `zsan`, `zhangs`, `zhsan` and `zhangsan` all find 张三.
pub fn mixed_match(syllables: &[String], query: &str) -> bool {
    fn go(syl: &[String], q: &[u8]) -> bool {
        if q.is_empty() {
            return true;
        }
        let Some((first, rest)) = syl.split_first() else {
            return false;
        };
        let s = first.as_bytes();
        (1..=s.len().min(q.len()))
            .rev()
            .any(|k| s[..k] == q[..k] && go(rest, &q[k..]))
    }
    go(syllables, query.as_bytes())
}

/// Where to look for a mixed-pinyin query's names: for each length of its first chunk (1
/// to 6 letters, the longest syllable being `zhuang`), the name's first two initials (the
/// query's first letter and the letter starting the second chunk) and the start of its
/// full pinyin (that first chunk). Every name `mixed_match` accepts with two or more
/// syllables typed is under one of these.
pub fn mixed_cuts(query: &str) -> Vec<(String, String)> {
    let q = query.as_bytes();
    if q.len() < 2 || !q.iter().all(|b| b.is_ascii_lowercase()) {
        return Vec::new();
    }
    let mut out: Vec<(String, String)> = Vec::new();
    for k in 1..q.len().min(7) {
        let initials = format!("{}{}", q[0] as char, q[k] as char);
        let first = query[..k].to_string();
        // A shorter first chunk with the same initials already covers this one.
        if !out
            .iter()
            .any(|(i, f)| *i == initials && first.starts_with(f.as_str()))
        {
            out.push((initials, first));
        }
    }
    out
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
    fn mixed_pinyin_reads_each_syllable_by_a_prefix() {
        let zs = syllables("张三");
        for q in [
            "zsan", "zhangs", "zhsan", "zhangsan", "zs", "zha", "zhangsa",
        ] {
            assert!(mixed_match(&zs, q), "{q}");
        }
        for q in ["zsn", "zhangx", "sz", "zhangsanx", "zan"] {
            assert!(!mixed_match(&zs, q), "{q}");
        }
        // Backtracking: 欧阳 is ou-yang; "oyang" takes o from ou.
        assert!(mixed_match(&syllables("欧阳娜娜"), "oyangnn"));
        assert!(
            mixed_match(&syllables("曾小贤"), "zengxx"),
            "surname reading"
        );
        let cuts = mixed_cuts("zsan");
        assert!(cuts.contains(&("zs".into(), "z".into())), "{cuts:?}");
        assert!(mixed_cuts("zhangs").contains(&("zs".into(), "zhang".into())));
        assert!(mixed_cuts("ab1").is_empty());
        // At most six places to look, whatever the length.
        assert!(mixed_cuts("zhangsanfengxiaolong").len() <= 6);
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
