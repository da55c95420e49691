from aicompete.cli import main

main()
