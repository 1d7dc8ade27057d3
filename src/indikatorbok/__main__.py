from indikatorbok.cli import main

raise SystemExit(main())
