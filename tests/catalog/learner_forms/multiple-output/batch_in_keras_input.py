# expect: runtime_error
# feedback: Your input shape holds the batch
# feedback: `input_shape=(3, 2)`
import keras
from keras import layers

model = keras.Sequential([keras.Input(shape=(1, 3, 2)), layers.SimpleRNN(4, return_sequences=True)])
