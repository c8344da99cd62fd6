from disclosure_cli.entry import main

main()
