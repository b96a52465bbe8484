"""The headline analyses built on the metrics: honest brokers, hidden wealth, introductions,
gaps between groups and resilience. Each row comes with a plain-language ``why``."""
