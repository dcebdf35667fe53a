# expect: runtime_error
# feedback: leaves the batch out
# feedback: keras.Input(shape=(3, 2))
import tensorflow as tf

inputs = tf.keras.Input(shape=(1, 3, 2))
outputs = tf.keras.layers.SimpleRNN(4, return_sequences=True)(inputs)
model = tf.keras.Model(inputs, outputs)
