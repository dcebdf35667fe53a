# expect: runtime_error
# feedback: `input_dim=2`
# feedback: Keras 2's way
# feedback: write `input_shape=(3, 2)`
import keras

model = keras.Sequential([keras.layers.SimpleRNN(4, input_dim=2)])
