"""Regenerate every reference fixture in test/reference/ (see each gen_*.py header for its sources).

Run: python3 scripts/reference/gen_all.py   (numpy 2, scipy 1.17; a few seconds)
"""

import gen_cov
import gen_garch
import gen_performance
import gen_stats
import gen_var

for module in (gen_cov, gen_stats, gen_var, gen_performance, gen_garch):
    module.main()
