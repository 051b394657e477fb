"""`python -m hoithao.kit [--out DIR]`: build the offline install kit."""

from hoithao.kit.bundle import main

raise SystemExit(main())
