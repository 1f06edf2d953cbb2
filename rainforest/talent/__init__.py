"""Technology managers (技术经理人) with their training classes and certificates, and the census of the city's universities and institutes (key disciplines, research teams, joint centres)."""
