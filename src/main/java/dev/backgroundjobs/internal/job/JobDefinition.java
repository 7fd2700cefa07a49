package dev.backgroundjobs.internal.job;

import jakarta.enterprise.inject.spi.Bean;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.List;

/**
 * A validated {@code @BackgroundJob} bean: its Resque name, default queue and {@code perform} method.
 * {@code bean} and {@code policy} are attached by the CDI extension once the container and the
 * configuration are known; they are null where definitions are read outside a container.
 */
public record JobDefinition(String name, String queue, Class<?> beanClass, Method perform, Bean<?> bean,
        JobPolicy policy) {

    public List<Type> parameterTypes() {
        return List.of(perform.getGenericParameterTypes());
    }

    public Parameter parameter(int index) {
        return perform.getParameters()[index];
    }

    public int arity() {
        return perform.getParameterCount();
    }

    public JobDefinition withBean(Bean<?> containerBean) {
        return new JobDefinition(name, queue, beanClass, perform, containerBean, policy);
    }

    public JobDefinition withPolicy(JobPolicy resolved) {
        return new JobDefinition(name, queue, beanClass, perform, bean, resolved);
    }

    /** How messages name this job: its name and, when they differ, its class. */
    public String describe() {
        return beanClass.getSimpleName().equals(name) ? name + " (" + beanClass.getName() + ")"
                : "'" + name + "' (" + beanClass.getName() + ")";
    }
}
