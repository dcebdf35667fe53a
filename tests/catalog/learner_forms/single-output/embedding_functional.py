# expect: runtime_error
# feedback: an Embedding before it adds an axis
# feedback: Remove the Embedding
import keras

inputs = keras.Input(shape=(3, 2))
vectors = keras.layers.Embedding(input_dim=100, output_dim=2)(inputs)
model = keras.Model(inputs, keras.layers.SimpleRNN(4)(vectors))
