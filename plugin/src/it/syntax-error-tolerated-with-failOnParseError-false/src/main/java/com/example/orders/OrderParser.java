package com.example.orders;

public class OrderParser {

    public int quantity(String line) {
        return Integer.parseInt(line.split(";")[2]  // the closing parenthesis is missing
    }
}
