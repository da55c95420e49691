from aicompete.entry import main

main()
