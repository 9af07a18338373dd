package b

func B() { undefinedCall() }
