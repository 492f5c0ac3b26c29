//! Video links are shown as link cards: the provider is named from the
//! address alone, and nothing from it (script, frame, thumbnail) is loaded
//! until the learner follows the link — a phone on 3G pays for nothing it
//! did not ask for.

/// The video service a link points to, if it is one learners know.
pub fn provider(url: &str) -> Option<&'static str> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    match host {
        "youtube.com" | "m.youtube.com" | "youtu.be" | "youtube-nocookie.com" => Some("YouTube"),
        "vimeo.com" | "player.vimeo.com" => Some("Vimeo"),
        // PeerTube instances live on any host; their video addresses say so.
        _ if path.starts_with("w/") || path.starts_with("videos/watch/") || path.starts_with("videos/embed/") => Some("PeerTube"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::provider;

    #[test]
    fn video_services_are_named_from_the_address() {
        assert_eq!(provider("https://www.youtube.com/watch?v=abc"), Some("YouTube"));
        assert_eq!(provider("https://youtu.be/abc"), Some("YouTube"));
        assert_eq!(provider("https://vimeo.com/12345"), Some("Vimeo"));
        assert_eq!(provider("https://tube.example.org/w/9xYz"), Some("PeerTube"));
        assert_eq!(provider("https://peertube.fr/videos/watch/1234"), Some("PeerTube"));
        assert_eq!(provider("https://www.ads.ma/guide.pdf"), None);
        assert_eq!(provider("javascript:alert(1)"), None);
    }
}
