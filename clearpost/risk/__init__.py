"""The risk stage: watchlist screening, rules, learned models, valuation, split shipments, dangerous goods;
combined into a score and a decision."""
