from disclosure_cli.cli import main

main()
