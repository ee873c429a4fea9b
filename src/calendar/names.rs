//! Names for people: Can Chi years ("Bính Ngọ"), lunar month names
//! ("tháng Giêng" … "tháng Chạp") and the lunar date as printed on a roster
//! ("27 tháng Chạp", "mùng 1 tháng Giêng"; in English "27th day of the 12th
//! lunar month").

use crate::text::{ordinal, Lang};

use super::lunar::LunarDate;

/// The ten heavenly stems (can).
const CAN: [&str; 10] = ["Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý"];

/// The twelve earthly branches (chi). Vietnam has the Cat (Mão) where China
/// has the Rabbit.
const CHI: [&str; 12] = ["Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi"];

/// The Can Chi name of a lunar year: 2026 → "Bính Ngọ", 2025 → "Ất Tỵ".
pub fn can_chi_year(lunar_year: i32) -> String {
    let can = CAN[(lunar_year + 6).rem_euclid(10) as usize];
    let chi = CHI[(lunar_year + 8).rem_euclid(12) as usize];
    format!("{can} {chi}")
}

/// The Vietnamese name of a lunar month without "tháng": 1 → "Giêng",
/// 4 → "Tư", 11 → "Mười một", 12 → "Chạp". `None` outside 1–12.
pub fn month_word(month: u32) -> Option<&'static str> {
    const WORDS: [&str; 12] = ["Giêng", "Hai", "Ba", "Tư", "Năm", "Sáu", "Bảy", "Tám", "Chín", "Mười", "Mười một", "Chạp"];
    WORDS.get(usize::try_from(month).ok()?.checked_sub(1)?).copied()
}

/// "tháng Giêng", "tháng Tư nhuận" / "1st lunar month", "leap 4th lunar month".
pub fn month_name(month: u32, leap: bool, lang: Lang) -> String {
    match lang {
        Lang::Vi => {
            let word = month_word(month).unwrap_or("?");
            if leap {
                format!("tháng {word} nhuận")
            } else {
                format!("tháng {word}")
            }
        }
        Lang::En => {
            let n = ordinal(month as usize);
            if leap {
                format!("leap {n} lunar month")
            } else {
                format!("{n} lunar month")
            }
        }
    }
}

impl LunarDate {
    /// The day and month: "27 tháng Chạp", "mùng 1 tháng Giêng" /
    /// "27th day of the 12th lunar month".
    pub fn label(&self, lang: Lang) -> String {
        match lang {
            Lang::Vi if self.day <= 10 => format!("mùng {} {}", self.day, month_name(self.month, self.leap, lang)),
            Lang::Vi => format!("{} {}", self.day, month_name(self.month, self.leap, lang)),
            Lang::En => format!("{} day of the {}", ordinal(self.day as usize), month_name(self.month, self.leap, lang)),
        }
    }

    /// With the year: "27 tháng Chạp năm Ất Tỵ" / "27th day of the 12th lunar
    /// month of Ất Tỵ".
    pub fn label_with_year(&self, lang: Lang) -> String {
        match lang {
            Lang::Vi => format!("{} năm {}", self.label(lang), can_chi_year(self.year)),
            Lang::En => format!("{} of {}", self.label(lang), can_chi_year(self.year)),
        }
    }

    /// The numeric form, "27/12" ("10/4n" in a leap month).
    pub fn short(&self) -> String {
        format!("{}/{}{}", self.day, self.month, if self.leap { "n" } else { "" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_chi() {
        assert_eq!(can_chi_year(2026), "Bính Ngọ");
        assert_eq!(can_chi_year(2025), "Ất Tỵ");
        assert_eq!(can_chi_year(1968), "Mậu Thân");
        assert_eq!(can_chi_year(2023), "Quý Mão");
        assert_eq!(can_chi_year(1984), "Giáp Tý");
    }

    #[test]
    fn labels() {
        let d = LunarDate { year: 2025, month: 12, day: 27, leap: false };
        assert_eq!(d.label(Lang::Vi), "27 tháng Chạp");
        assert_eq!(d.label(Lang::En), "27th day of the 12th lunar month");
        assert_eq!(d.label_with_year(Lang::Vi), "27 tháng Chạp năm Ất Tỵ");
        let l = LunarDate { year: 2020, month: 4, day: 1, leap: true };
        assert_eq!(l.label(Lang::Vi), "mùng 1 tháng Tư nhuận");
        assert_eq!(l.label(Lang::En), "1st day of the leap 4th lunar month");
        assert_eq!(l.short(), "1/4n");
        assert_eq!(month_word(0), None);
        assert_eq!(month_word(13), None);
    }
}
