//! Rate limits kept in memory. Login limits live in the database instead
//! (`store::sessions`), so that several processes share them.
use std::net::IpAddr;
use std::num::NonZeroU32;

use actix_web::HttpRequest;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// Limits verification look-ups per client address, against enumeration of codes.
pub struct VerifyLimiter {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
}

impl VerifyLimiter {
    pub fn per_minute(n: u32) -> VerifyLimiter {
        let n = NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN);
        VerifyLimiter { limiter: RateLimiter::keyed(Quota::per_minute(n)) }
    }

    /// `Ok` when the request may proceed, else the seconds to wait.
    pub fn check(&self, ip: IpAddr) -> Result<(), u64> {
        self.limiter.check_key(&ip).map_err(|not_until| {
            let wait = not_until.wait_time_from(governor::clock::Clock::now(&governor::clock::DefaultClock::default()));
            wait.as_secs().max(1)
        })
    }

    /// Forgets idle clients so the map does not grow without bound.
    pub fn prune(&self) {
        self.limiter.retain_recent();
    }
}

/// The client's address as seen by this process. Behind a reverse proxy, the
/// proxy's address: configure the proxy to rate-limit too.
pub fn client_ip(req: &HttpRequest) -> IpAddr {
    req.peer_addr().map(|a| a.ip()).unwrap_or(IpAddr::from([127, 0, 0, 1]))
}
