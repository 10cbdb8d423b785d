"""HTTP plumbing both doors use: error answers, rate limits, body caps, shared query filters, cache headers."""
