from quoteattr.cli import main

raise SystemExit(main())
