package com.example.shapes;

import java.util.List;

public class ShapeRenderer {

    static double area(Shape shape) {
        return switch (shape) {
            case Shape.Circle(double radius) -> Math.PI * radius * radius;
            case Shape.Rectangle(double width, double height) when width == height -> width * width;
            case Shape.Rectangle(double width, double height) -> width * height;
        };
    }

    static String describe(Object value) {
        return switch (value) {
            case Integer i when i > 0 -> "positive " + i;
            case String s -> "text " + s;
            case null, default -> "something else";
        };
    }

    public void renderAll(List<Shape> shapes) {
        String template = """
                <svg>
                  %s
                </svg>
                """;
        Runnable render = () -> shapes.forEach(s -> System.out.println(template.formatted(area(s))));
        Thread.ofVirtual().name("shape-renderer").unstarted(render).run();
    }
}
