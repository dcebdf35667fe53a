# expect: wrong_answer
# feedback: lays the vectors of all the steps end to end
# feedback: remove the Flatten
import keras
from keras import layers

model = keras.Sequential(
    [keras.Input((3, 2)), layers.SimpleRNN(4, return_sequences=True), layers.Flatten(), layers.Dense(1)]
)
