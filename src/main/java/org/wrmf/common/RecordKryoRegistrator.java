package org.wrmf.common;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Lets Spark's Kryo (version 4, which predates Java records) serialize records such as Rating,
 * Scored and Ranking: its default field serializer fails on them ("can't get field offset on a record
 * class"). Every record is written as its components, in order, and rebuilt through its canonical
 * constructor, the only way a record may be created. Main sets it as {@code spark.kryo.registrator}.
 * It sits in common because the records it ships belong to every layer (the engine's ratings and blocks,
 * rank's scores, evaluation's partial rankings).
 */
public final class RecordKryoRegistrator implements KryoRegistrator {
    @Override
    public void registerClasses(Kryo kryo) {
        kryo.addDefaultSerializer(Record.class, RecordSerializer.class);
    }

    /** Components through their accessors out, through the canonical constructor in. */
    public static final class RecordSerializer<T extends Record> extends Serializer<T> {
        private final Method[] accessors;
        private final Constructor<T> constructor;

        public RecordSerializer(Class<T> type) {
            RecordComponent[] components = type.getRecordComponents();
            accessors = new Method[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                accessors[i] = components[i].getAccessor();
                accessors[i].setAccessible(true);
                types[i] = components[i].getType();
            }
            try {
                constructor = type.getDeclaredConstructor(types);
                constructor.setAccessible(true);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("record " + type.getName() + " has no canonical constructor", e);
            }
        }

        @Override
        public void write(Kryo kryo, Output output, T record) {
            try {
                for (Method accessor : accessors) {
                    kryo.writeClassAndObject(output, accessor.invoke(record));
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(
                        "cannot read a component of " + record.getClass().getName(), e);
            }
        }

        @Override
        public T read(Kryo kryo, Input input, Class<T> type) {
            Object[] values = new Object[accessors.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = kryo.readClassAndObject(input);
            }
            try {
                return constructor.newInstance(values);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot rebuild a " + type.getName(), e);
            }
        }
    }
}
