from cccgen.cli import main

raise SystemExit(main())
