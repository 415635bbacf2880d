from sitmap.cli import main

raise SystemExit(main())
