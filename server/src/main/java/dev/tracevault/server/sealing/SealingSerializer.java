package dev.tracevault.server.sealing;

import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;

/**
 * The event serializer, sealing payload fields on the way into the event store and unsealing them
 * on the way out ({@link PayloadSeal}). Events and aggregates stay plain Java; only what is
 * stored is sealed. Metadata carries no log id at its top level and passes through unchanged.
 */
final class SealingSerializer implements Serializer {

    private final Serializer delegate;
    private final PayloadSeal seal;

    SealingSerializer(Serializer delegate, PayloadSeal seal) {
        this.delegate = delegate;
        this.seal = seal;
    }

    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        SerializedObject<byte[]> plain = delegate.serialize(object, byte[].class);
        byte[] sealed = seal.seal(plain.getData());
        T data = getConverter().convert(sealed, byte[].class, expectedRepresentation);
        return new SimpleSerializedObject<>(data, expectedRepresentation, plain.getType());
    }

    @Override
    public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
        return delegate.canSerializeTo(expectedRepresentation);
    }

    @Override
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        if (SerializedType.emptyType().equals(serializedObject.getType())) {
            return delegate.deserialize(serializedObject);
        }
        byte[] stored = getConverter().convert(serializedObject.getData(), serializedObject.getContentType(),
                byte[].class);
        return delegate.deserialize(new SimpleSerializedObject<>(seal.unseal(stored), byte[].class,
                serializedObject.getType()));
    }

    @Override
    public Class classForType(SerializedType type) {
        return delegate.classForType(type);
    }

    @Override
    public SerializedType typeForClass(Class type) {
        return delegate.typeForClass(type);
    }

    @Override
    public Converter getConverter() {
        return delegate.getConverter();
    }
}
