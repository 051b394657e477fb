"""`python -m hoithao.sample [ROOT]`: (re)build the sample workspace."""

from hoithao.sample.build import main

raise SystemExit(main())
