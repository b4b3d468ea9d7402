//! The one way a setting is read: every variable goes through [`Vars`], so an empty
//! value counts as unset everywhere and every bad value is reported the same way, as a
//! [`ConfigError`] naming the variable.

use super::ConfigError;
use secrecy::SecretString;
use std::{collections::HashMap, fmt::Display, ops::RangeInclusive, str::FromStr};
use url::Url;

/// A problem with `var`.
pub(super) fn invalid(var: &'static str, problem: impl Into<String>) -> ConfigError {
    ConfigError {
        var,
        problem: problem.into(),
    }
}

/// The variables settings are read from (the process environment, or a test's map).
pub(super) struct Vars<'a>(&'a HashMap<String, String>);

impl<'a> Vars<'a> {
    pub(super) fn new(vars: &'a HashMap<String, String>) -> Self {
        Self(vars)
    }

    /// The trimmed value; `None` when unset or blank.
    pub(super) fn get(&self, var: &str) -> Option<&'a str> {
        self.0.get(var).map(|v| v.trim()).filter(|v| !v.is_empty())
    }

    /// The value, required because `with` is set.
    pub(super) fn required_with(
        &self,
        var: &'static str,
        with: &'static str,
    ) -> Result<&'a str, ConfigError> {
        self.get(var)
            .ok_or_else(|| invalid(var, format!("required with {with}")))
    }

    /// A value that must stay out of logs and `Debug` output.
    pub(super) fn secret_required_with(
        &self,
        var: &'static str,
        with: &'static str,
    ) -> Result<SecretString, ConfigError> {
        self.required_with(var, with)
            .map(|v| SecretString::from(v.to_owned()))
    }

    /// The value as `parse` reads it; one it rejects is reported as
    /// "expected {expected}, got `value`". Only for values that may be echoed.
    pub(super) fn parsed<T>(
        &self,
        var: &'static str,
        expected: &str,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> Result<Option<T>, ConfigError> {
        self.get(var)
            .map(|v| {
                parse(v).ok_or_else(|| invalid(var, format!("expected {expected}, got `{v}`")))
            })
            .transpose()
    }

    /// `true`/`false` (also `1`/`0`, `yes`/`no`, `on`/`off`, in any case).
    pub(super) fn flag(&self, var: &'static str, default: bool) -> Result<bool, ConfigError> {
        let value = self.parsed(var, "true or false", |v| {
            match v.to_ascii_lowercase().as_str() {
                "1" | "true" | "yes" | "on" => Some(true),
                "0" | "false" | "no" | "off" => Some(false),
                _ => None,
            }
        })?;
        Ok(value.unwrap_or(default))
    }

    /// A number within `range`, reported as "expected a number {start}-{end}".
    pub(super) fn number<T>(
        &self,
        var: &'static str,
        default: T,
        range: RangeInclusive<T>,
    ) -> Result<T, ConfigError>
    where
        T: FromStr + PartialOrd + Display,
    {
        let expected = format!("a number {}-{}", range.start(), range.end());
        self.number_as(var, default, range, &expected)
    }

    /// A number within `range`, reported as "expected {expected}".
    pub(super) fn number_as<T>(
        &self,
        var: &'static str,
        default: T,
        range: RangeInclusive<T>,
        expected: &str,
    ) -> Result<T, ConfigError>
    where
        T: FromStr + PartialOrd,
    {
        let value = self.parsed(var, expected, |v| {
            v.parse::<T>().ok().filter(|n| range.contains(n))
        })?;
        Ok(value.unwrap_or(default))
    }

    /// A URL, or `None` when unset.
    pub(super) fn url(&self, var: &'static str) -> Result<Option<Url>, ConfigError> {
        self.get(var).map(|v| parse_url(var, v)).transpose()
    }

    /// A URL, or `default` when unset.
    pub(super) fn url_or(&self, var: &'static str, default: &str) -> Result<Url, ConfigError> {
        parse_url(var, self.get(var).unwrap_or(default))
    }

    /// `kind=value,kind=value`; `expected` describes the form when a pair has no `=`.
    pub(super) fn pairs(
        &self,
        var: &'static str,
        expected: &'static str,
    ) -> Result<HashMap<String, String>, ConfigError> {
        let mut pairs = HashMap::new();
        for pair in self
            .get(var)
            .unwrap_or_default()
            .split(',')
            .filter(|p| !p.trim().is_empty())
        {
            let Some((kind, value)) = pair.split_once('=') else {
                return Err(invalid(var, expected));
            };
            pairs.insert(kind.trim().to_owned(), value.trim().to_owned());
        }
        Ok(pairs)
    }
}

fn parse_url(var: &'static str, v: &str) -> Result<Url, ConfigError> {
    Url::parse(v).map_err(|e| invalid(var, format!("`{v}` is not a URL: {e}")))
}
