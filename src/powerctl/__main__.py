from powerctl.cli import main

main()
