package com.example.shapes;

public sealed interface Shape permits Shape.Circle, Shape.Rectangle {

    record Circle(double radius) implements Shape {
    }

    record Rectangle(double width, double height) implements Shape {
    }
}
