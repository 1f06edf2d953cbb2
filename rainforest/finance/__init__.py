"""Sci-tech finance: institutions and products, bank–enterprise events, visits, financing demands, loans, interest subsidies, tech insurance and funds."""
