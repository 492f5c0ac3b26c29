//! Verification codes: 80 random bits written as 16 Crockford base32
//! characters in four groups (`K7QF-9ZC2-HM4T-XW8P`) — unguessable, and easy to
//! read aloud and type: no I, L, O or U, and a typed `o`, `i` or `l` is understood.
use rand::RngCore as _;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A new code (80 bits from the operating system's generator).
pub fn generate() -> String {
    let mut bytes = [0u8; 10];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let mut bits: u128 = 0;
    for b in bytes {
        bits = (bits << 8) | u128::from(b);
    }
    let chars: Vec<u8> = (0..16).rev().map(|i| ALPHABET[usize::try_from((bits >> (i * 5)) & 31).unwrap_or(0)]).collect();
    let text = String::from_utf8_lossy(&chars).into_owned();
    format!("{}-{}-{}-{}", &text[0..4], &text[4..8], &text[8..12], &text[12..16])
}

/// Normalises what a person typed or scanned into the canonical form, or
/// `None` when it cannot be a code.
pub fn normalise(input: &str) -> Option<String> {
    let mut chars = String::with_capacity(16);
    for c in input.trim().chars() {
        let c = match c.to_ascii_uppercase() {
            '-' | ' ' | '\u{2010}' | '\u{2011}' | '\u{2013}' => continue,
            'O' => '0',
            'I' | 'L' => '1',
            c if u8::try_from(c).is_ok_and(|b| ALPHABET.contains(&b)) => c,
            _ => return None,
        };
        chars.push(c);
    }
    if chars.len() != 16 {
        return None;
    }
    Some(format!("{}-{}-{}-{}", &chars[0..4], &chars[4..8], &chars[8..12], &chars[12..16]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_grouped_crockford_and_distinct() {
        let code = generate();
        assert_eq!(code.len(), 19);
        assert!(code.chars().all(|c| c == '-' || u8::try_from(c).is_ok_and(|b| ALPHABET.contains(&b))), "{code}");
        assert_ne!(generate(), generate());
        assert_eq!(normalise(&code).as_deref(), Some(code.as_str()));
    }

    #[test]
    fn typing_mistakes_are_forgiven_and_garbage_refused() {
        assert_eq!(normalise(" k7qf 9zc2-hm4t-xw8p ").as_deref(), Some("K7QF-9ZC2-HM4T-XW8P"));
        assert_eq!(normalise("o0il-0000-0000-0000").as_deref(), Some("0011-0000-0000-0000"));
        assert_eq!(normalise("K7QF-9ZC2-HM4T"), None);
        assert_eq!(normalise("K7QF-9ZC2-HM4T-XW8U"), None, "U is not in the alphabet");
        assert_eq!(normalise("../../etc/passwd"), None);
    }
}
