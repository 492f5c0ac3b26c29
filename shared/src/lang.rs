//! The three interface languages and how a request picks one.
use serde::{Deserialize, Serialize};

/// An interface language. French is the default everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, sea_orm::DeriveValueType))]
#[cfg_attr(feature = "server", sea_orm(value_type = "String"))]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "server", schema(rename_all = "lowercase"))]
pub enum Lang {
    #[default]
    Fr,
    Ar,
    En,
}

/// Exactly a stored code (`fr`, `ar`, `en`); see [`Lang::from_code`] for the
/// lenient reading of what browsers send.
impl std::str::FromStr for Lang {
    type Err = crate::enums::UnknownValue;

    fn from_str(text: &str) -> Result<Lang, Self::Err> {
        Lang::ALL
            .into_iter()
            .find(|l| l.code() == text)
            .ok_or_else(|| crate::enums::UnknownValue { vocabulary: "Lang", value: text.chars().take(40).collect() })
    }
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Fr, Lang::Ar, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::Ar => "ar",
            Lang::En => "en",
        }
    }

    /// Text direction for the `dir` attribute.
    pub fn dir(self) -> &'static str {
        match self {
            Lang::Ar => "rtl",
            _ => "ltr",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        match primary.as_str() {
            "fr" => Some(Lang::Fr),
            "ar" => Some(Lang::Ar),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Picks the preferred supported language of an `Accept-Language` header,
    /// honouring q-values; French when nothing matches.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut best: Option<(Lang, f32)> = None;
        for (position, part) in header.split(',').enumerate() {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("");
            let q = pieces.find_map(|p| p.trim().strip_prefix("q=")).and_then(|q| q.parse::<f32>().ok()).unwrap_or(1.0);
            // Earlier tags win ties, as the header's order expresses preference.
            let q = q - crate::num::to_f32(u32::try_from(position).unwrap_or(u32::MAX)) * 1e-4;
            if let Some(lang) = Lang::from_code(tag)
                && best.is_none_or(|(_, bq)| q > bq)
            {
                best = Some((lang, q));
            }
        }
        best.map(|(l, _)| l).unwrap_or_default()
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_prefers_highest_quality_supported_tag() {
        assert_eq!(Lang::from_accept_language("en-GB,en;q=0.9,fr;q=0.8"), Lang::En);
        assert_eq!(Lang::from_accept_language("de-DE,ar;q=0.5,fr;q=0.7"), Lang::Fr);
        assert_eq!(Lang::from_accept_language("ar-MA"), Lang::Ar);
        assert_eq!(Lang::from_accept_language("de, es"), Lang::Fr);
        assert_eq!(Lang::from_accept_language(""), Lang::Fr);
    }
}
