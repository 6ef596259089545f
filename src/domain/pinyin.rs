//! Pinyin keys for finding a customer by name typed in latin letters, as input methods
//! take it: full pinyin (`zhangsan`), initials (`zs`) or both mixed (`zsan`), `v` or `u`
//! for ü (`lvbinyu`, `lubinyu` for 吕斌宇), and any reading of a character with several
//! (曾 zeng/ceng, 单 shan/dan, 乐 le/yue, 翟 zhai/di), in the surname and the given name.
//!
//! Each name is stored under a few keys (every combination of its characters' readings,
//! capped), so the search reads indexed ranges; `ib-matcher` (pinyin feature) is the final
//! check on the names a mixed query's ranges bring up. Surnames with a special reading
//! (曾 zeng, 单 shan, 解 xie, ...) come first from an override table: the dictionary's
//! first reading is the common word's, not the surname's.

use ib_matcher::matcher::{IbMatcher, PinyinMatchConfig};
use ib_matcher::pinyin::{PinyinData, PinyinNotation};
use pinyin::ToPinyin;
use std::sync::OnceLock;

/// At most this many readings of one character are keyed (the rest are rare literary ones).
const READINGS_PER_CHAR: usize = 4;
/// At most this many keys per name (reading combinations and ü spellings, primary first).
pub const MAX_KEYS: usize = 16;

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

/// What names are matched by: full pinyin and initials.
fn notations() -> PinyinNotation {
    PinyinNotation::Ascii | PinyinNotation::AsciiFirstLetter
}

/// The readings data, built once for [`notations`] (ib-matcher's tables; ü is `v`).
fn data() -> &'static PinyinData {
    static DATA: OnceLock<PinyinData> = OnceLock::new();
    DATA.get_or_init(|| PinyinData::new(notations()))
}

/// ü written as input methods take it: `v`.
fn ascii(reading: &str) -> String {
    reading.replace('ü', "v")
}

/// A character's readings, lower case without tones, ü as `v`: the surname's own reading
/// first where `surname` (the name's first character), then the common reading, then the
/// others (at most [`READINGS_PER_CHAR`]). Latin letters and digits are themselves; other
/// characters have none.
fn readings(ch: char, surname: bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |r: String| {
        if !r.is_empty() && !out.contains(&r) && out.len() < READINGS_PER_CHAR {
            out.push(r);
        }
    };
    if surname && let Some((_, r)) = SURNAME_READINGS.iter().find(|(c, _)| *c == ch) {
        push((*r).to_string());
    }
    if let Some(p) = ch.to_pinyin() {
        push(ascii(p.plain()));
    }
    data().get_pinyins_and_for_each(ch, |p| {
        if let Some(a) = p.notation(PinyinNotation::Ascii) {
            push(a.to_string());
        }
    });
    if ch.is_ascii_alphanumeric() {
        push(ch.to_ascii_lowercase().to_string());
    }
    out
}

/// The characters of a name that count: no spaces, no middle dots.
fn name_chars(name: &str) -> impl Iterator<Item = char> + '_ {
    name.chars().filter(|c| !c.is_whitespace() && *c != '·')
}

/// The syllables of a name in its first reading: each character's full pinyin (lower
/// case, no tones, ü as `v`), the surname by its surname reading; latin letters and digits
/// as themselves.
pub fn syllables(name: &str) -> Vec<String> {
    name_chars(name)
        .enumerate()
        .filter_map(|(i, ch)| readings(ch, i == 0).into_iter().next())
        .collect()
}

/// Full pinyin and initials of a name in its first reading, lower case, without spaces or
/// tones (`吕斌宇` → `lvbinyu`, `lby`). Characters without a reading (latin letters,
/// digits) are kept as they are, lower-cased.
pub fn name_keys(name: &str) -> (String, String) {
    let syl = syllables(name);
    let initials = syl.iter().filter_map(|s| s.chars().next()).collect();
    (syl.concat(), initials)
}

/// Every key a name is found under: (full pinyin, initials) for each combination of its
/// characters' readings, the first reading's first, then the same with ü spelled `u`
/// (`lubinyu`); at most [`MAX_KEYS`], without repeats.
pub fn all_keys(name: &str) -> Vec<(String, String)> {
    let per_char: Vec<Vec<String>> = name_chars(name)
        .enumerate()
        .map(|(i, ch)| readings(ch, i == 0))
        .filter(|r| !r.is_empty())
        .collect();
    // Combinations in order: the first reading of every character first, then varying the
    // earliest characters (the surname) first.
    let mut combos: Vec<Vec<&str>> = vec![Vec::new()];
    for rs in &per_char {
        let mut next = Vec::new();
        for r in rs {
            for c in &combos {
                if next.len() >= MAX_KEYS {
                    break;
                }
                let mut c = c.clone();
                c.push(r.as_str());
                next.push(c);
            }
        }
        combos = next;
    }
    let mut out: Vec<(String, String)> = Vec::new();
    let mut add = |syl: Vec<String>| {
        let key = (
            syl.concat(),
            syl.iter()
                .filter_map(|s| s.chars().next())
                .collect::<String>(),
        );
        if !key.0.is_empty() && !out.contains(&key) && out.len() < MAX_KEYS {
            out.push(key);
        }
    };
    for c in &combos {
        add(c.iter().map(|s| s.to_string()).collect());
    }
    for c in &combos {
        if c.iter().any(|s| s.contains('v')) {
            add(c.iter().map(|s| s.replace('v', "u")).collect());
        }
    }
    out
}

/// The final check for a name a mixed query's ranges brought up: the query read from the
/// name's start by `ib-matcher`, each character by its full pinyin or its initial, any of
/// its readings, the last one possibly typed in part. `u` after `l`/`n` may stand for ü
/// (`lu` for 吕), as input methods allow, so the query is tried with each such `u` as `v`.
pub struct NameMatcher {
    matchers: Vec<IbMatcher<'static>>,
}

impl NameMatcher {
    pub fn new(query: &str) -> NameMatcher {
        let q = query.to_ascii_lowercase();
        let mut variants = vec![q.clone()];
        let b = q.as_bytes();
        let spots: Vec<usize> = (1..b.len())
            .filter(|&i| b[i] == b'u' && matches!(b[i - 1], b'l' | b'n'))
            .take(3)
            .collect();
        for &i in &spots {
            let more: Vec<String> = variants
                .iter()
                .map(|v| {
                    let mut s = v.clone().into_bytes();
                    s[i] = b'v';
                    String::from_utf8(s).unwrap_or_default()
                })
                .collect();
            variants.extend(more);
        }
        let matchers = variants
            .iter()
            .map(|v| {
                IbMatcher::builder(v.as_str())
                    .pinyin(PinyinMatchConfig::builder(notations()).data(data()).build())
                    .starts_with(true)
                    .is_pattern_partial(true)
                    .build()
            })
            .collect();
        NameMatcher { matchers }
    }

    /// True if the name, spaces and middle dots left out, starts with the query.
    pub fn is_match(&self, name: &str) -> bool {
        let name: String = name_chars(name).collect();
        self.matchers.iter().any(|m| m.is_match(name.as_str()))
    }
}

/// Where to look for a mixed-pinyin query's names: for each length of its first chunk (1
/// to 6 letters, the longest syllable being `zhuang`), the name's first two initials (the
/// query's first letter and the letter starting the second chunk) and the start of its
/// full pinyin (that first chunk). Every name [`NameMatcher`] accepts with two or more
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
    fn u_umlaut_is_v_and_also_u() {
        assert_eq!(name_keys("吕斌宇"), ("lvbinyu".into(), "lby".into()));
        let keys = all_keys("吕斌宇");
        assert_eq!(keys[0], ("lvbinyu".into(), "lby".into()));
        assert!(keys.contains(&("lubinyu".into(), "lby".into())), "{keys:?}");
        assert!(all_keys("女娲").iter().any(|k| k.0 == "nuwa"));
        assert!(all_keys("张绿").iter().any(|k| k.0 == "zhanglv"));
        for q in ["lvbinyu", "lubinyu", "lby", "lbinyu", "lubyu", "lvb", "lu"] {
            assert!(NameMatcher::new(q).is_match("吕斌宇"), "{q}");
        }
        for q in ["lobinyu", "byu", "lubinyux"] {
            assert!(!NameMatcher::new(q).is_match("吕斌宇"), "{q}");
        }
    }

    #[test]
    fn every_reading_of_a_heteronym_counts_in_surname_and_given_name() {
        let has = |name: &str, key: &str| all_keys(name).iter().any(|k| k.0 == key);
        // Surname: its surname reading first, the others too.
        assert_eq!(all_keys("曾小贤")[0].0, "zengxiaoxian");
        assert!(has("曾小贤", "cengxiaoxian"));
        assert!(has("单田芳", "shantianfang") && has("单田芳", "dantianfang"));
        assert!(has("翟天临", "zhaitianlin") && has("翟天临", "ditianlin"));
        // Given name: 乐 as le and yue, 曾 as ceng and zeng.
        assert!(has("王乐", "wangle") && has("王乐", "wangyue"));
        assert!(has("王曾", "wangceng") && has("王曾", "wangzeng"));
        assert!(all_keys("王乐").iter().any(|k| k.1 == "wy"));
        for (name, q) in [
            ("王乐", "wangyue"),
            ("王乐", "wangle"),
            ("王乐", "wy"),
            ("单田芳", "dtf"),
            ("单田芳", "shantf"),
            ("翟天临", "ditl"),
            ("曾小贤", "cengxx"),
            ("曾小贤", "zengxx"),
        ] {
            assert!(NameMatcher::new(q).is_match(name), "{name} {q}");
        }
        // Never more keys than the cap, however many readings.
        assert!(all_keys("乐乐乐乐乐乐").len() <= MAX_KEYS);
    }

    #[test]
    fn mixed_pinyin_reads_each_character_by_its_initial_or_whole() {
        let m = |q: &str| NameMatcher::new(q).is_match("张三");
        for q in ["zsan", "zhangs", "zhangsan", "zs", "zha", "zhangsa", "ZSan"] {
            assert!(m(q), "{q}");
        }
        for q in ["zsn", "zhangx", "sz", "zhangsanx", "san"] {
            assert!(!m(q), "{q}");
        }
        assert!(NameMatcher::new("oyangnn").is_match("欧阳娜娜"));
        assert!(NameMatcher::new("abdl").is_match("阿卜杜拉·买买提"));
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
