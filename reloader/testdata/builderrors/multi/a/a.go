package a

func A() { var s string = 1; _ = s }
