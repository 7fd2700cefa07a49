package dev.backgroundjobs.it.workers;

import jakarta.enterprise.context.RequestScoped;

/** Request scoped, so a job using it proves the worker activated a request context. */
@RequestScoped
public class Greeter {

    public String greet(String name) {
        return "hello " + name;
    }
}
