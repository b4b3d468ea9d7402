//! Prices: an amount in the currency's minor unit and an ISO 4217 code.

use super::lang::Lang;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    /// Amount in minor units (halalas, piastres, cents) to avoid floating point.
    pub minor: i64,
    pub currency: Currency,
}

/// A three-letter ISO 4217 currency code, upper case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a three-letter currency code")]
pub struct InvalidCurrency(pub String);

impl Currency {
    pub fn parse(code: &str) -> Result<Self, InvalidCurrency> {
        let code = code.trim();
        if code.len() == 3 && code.bytes().all(|b| b.is_ascii_alphabetic()) {
            Ok(Self(code.to_ascii_uppercase()))
        } else {
            Err(InvalidCurrency(code.to_owned()))
        }
    }

    pub fn code(&self) -> &str {
        &self.0
    }

    /// Digits after the decimal point (ISO 4217); three for the dinars of the Gulf and Levant.
    pub fn exponent(&self) -> u32 {
        match self.0.as_str() {
            "KWD" | "BHD" | "OMR" | "JOD" | "IQD" | "LYD" | "TND" => 3,
            "JPY" | "KRW" => 0,
            _ => 2,
        }
    }

    /// The symbol Arabic readers expect, falling back to the code.
    fn arabic_symbol(&self) -> &str {
        match self.0.as_str() {
            "SAR" => "ر.س",
            "EGP" => "ج.م",
            "AED" => "د.إ",
            "KWD" => "د.ك",
            "QAR" => "ر.ق",
            "BHD" => "د.ب",
            "OMR" => "ر.ع",
            "JOD" => "د.أ",
            other => other,
        }
    }
}

impl TryFrom<String> for Currency {
    type Error = InvalidCurrency;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Currency::parse(&value)
    }
}

impl From<Currency> for String {
    fn from(c: Currency) -> Self {
        c.0
    }
}

impl Money {
    /// Formats for display, e.g. `SAR 150.00` or `150.00 ر.س`.
    pub fn format(&self, lang: Lang) -> String {
        let exp = self.currency.exponent();
        let scale = 10_i64.pow(exp);
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        let whole = abs / scale.unsigned_abs();
        let frac = abs % scale.unsigned_abs();
        let number = if exp == 0 {
            format!("{sign}{whole}")
        } else {
            format!("{sign}{whole}.{frac:0width$}", width = exp as usize)
        };
        match lang {
            Lang::En => format!("{} {number}", self.currency.code()),
            Lang::Ar => format!("{number} {}", self.currency.arabic_symbol()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money(minor: i64, code: &str) -> Money {
        Money {
            minor,
            currency: Currency::parse(code).unwrap_or_else(|e| panic!("{e}")),
        }
    }

    #[test]
    fn formats_in_each_language() {
        assert_eq!(money(15000, "SAR").format(Lang::En), "SAR 150.00");
        assert_eq!(money(15000, "SAR").format(Lang::Ar), "150.00 ر.س");
        assert_eq!(money(1250, "KWD").format(Lang::En), "KWD 1.250");
        assert_eq!(money(-5, "EUR").format(Lang::En), "EUR -0.05");
    }

    #[test]
    fn currency_codes_are_checked() {
        assert!(Currency::parse("sar").is_ok());
        assert!(Currency::parse("SA").is_err());
        assert!(Currency::parse("S4R").is_err());
    }
}
