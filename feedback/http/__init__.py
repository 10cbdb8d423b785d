"""HTTP plumbing both doors use: error answers, rate limits, body caps, bearer tokens, input checks, the public
URL, the cookie session, shared query filters and downloads, the domain's policies, caching and cache headers."""
