# expect: wrong_answer
# feedback: Your Masking layer comes after the SimpleRNN
import keras
from keras import layers

inputs = keras.Input(shape=(5, 2))
state = layers.SimpleRNN(4)(inputs)
model = keras.Model(inputs, layers.Masking(mask_value=0.0)(state))
